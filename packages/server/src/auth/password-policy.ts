/**
 * The password policy, one function for every place a password is set (account creation,
 * an administrator's reset, a user's own change, bulk imports): at least 10 characters, at
 * most 200, not the login name (nor containing it, nor it reversed), not one of the passwords
 * every attacker tries first, and not a run of one character or a keyboard/digit sequence.
 * No composition rules (NIST SP 800-63B): length and a deny list do more than "one upper case
 * letter". Returns the first problem as a bilingual message, or null when the password is fine.
 */
import type { Bilingual } from '../errors.ts';
import { badRequest } from '../errors.ts';
import { COMMON_PASSWORDS } from './common-passwords.ts';
import { hashPassword } from './passwords.ts';

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 200;

const SEQUENCES = ['0123456789012345678901234567890', '9876543210987654321098765432109', 'abcdefghijklmnopqrstuvwxyz', 'qwertyuiopasdfghjklzxcvbnm', '1qaz2wsx3edc4rfv5tgb6yhn7ujm'];

export interface PasswordContext {
  login: string;
  displayName?: string;
}

export function passwordProblem(password: string, who: PasswordContext): Bilingual | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) {
    return { zh: `密码至少需要 ${PASSWORD_MIN_LENGTH} 个字符（现为 ${length} 个）`, en: `The password needs at least ${PASSWORD_MIN_LENGTH} characters (it has ${length})` };
  }
  if (length > PASSWORD_MAX_LENGTH) {
    return { zh: `密码不能超过 ${PASSWORD_MAX_LENGTH} 个字符`, en: `The password may have at most ${PASSWORD_MAX_LENGTH} characters` };
  }
  const lower = password.toLowerCase();
  const login = who.login.trim().toLowerCase();
  if (login.length >= 3 && (lower.includes(login) || lower.includes([...login].reverse().join('')))) {
    return { zh: '密码不能包含登录名', en: 'The password must not contain the login name' };
  }
  const name = who.displayName?.trim().toLowerCase() ?? '';
  if (name.length >= 3 && lower.includes(name)) {
    return { zh: '密码不能包含姓名', en: 'The password must not contain the name' };
  }
  // Common passwords, also with a year or digits stuck on the end ("password2026", "woaini1314!").
  const stem = lower.replace(/[\d!@#$%^&*.?_\-\s]+$/u, '');
  if (COMMON_PASSWORDS.has(lower) || (stem.length >= 4 && COMMON_PASSWORDS.has(stem))) {
    return { zh: '这是常见密码，很容易被猜中，请换一个', en: 'This is a common password that is easily guessed; choose another' };
  }
  if (new Set(lower).size <= 2) {
    return { zh: '密码不能只由一两个字符重复组成', en: 'The password must not repeat one or two characters' };
  }
  if (SEQUENCES.some((s) => s.includes(lower) || s.includes(stem) || [...s].reverse().join('').includes(lower))) {
    return { zh: '密码不能是连续的数字或键盘序列', en: 'The password must not be a run of digits or keys' };
  }
  return null;
}

/** Throws 400 weak_password with the reason, for use wherever a password is set. */
export function assertPasswordAcceptable(password: string, who: PasswordContext): void {
  const problem = passwordProblem(password, who);
  if (problem) throw badRequest('weak_password', problem, { field: 'password' });
}

/**
 * The one way to turn a password someone chose (or that was generated) into a stored hash: the
 * policy first, then argon2id. Every path that sets a password goes through here, so none can
 * forget the policy (test/security/password-paths.test.ts lists them and scans for others).
 */
export async function hashAcceptedPassword(password: string, who: PasswordContext): Promise<string> {
  assertPasswordAcceptable(password, who);
  return hashPassword(password);
}
