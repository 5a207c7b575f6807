/** Minimal argument parsing shared by the commands: positional args and --flag[=value] options. */
export interface ParsedArgs {
  positional: string[];
  flags: Map<string, string | true>;
}

export function parseArgs(args: string[], withValue: readonly string[] = []): ParsedArgs {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (!a.startsWith('--')) {
      positional.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    if (eq > 0) {
      flags.set(a.slice(2, eq), a.slice(eq + 1));
    } else if (withValue.includes(a.slice(2))) {
      const v = args[i + 1];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`选项 ${a} 需要一个值`, `option ${a} needs a value`);
      flags.set(a.slice(2), v);
      i++;
    } else flags.set(a.slice(2), true);
  }
  return { positional, flags };
}

export class UsageError extends Error {
  constructor(
    readonly zh: string,
    readonly en: string,
  ) {
    super(`${zh} / ${en}`);
  }
}
