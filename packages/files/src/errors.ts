/**
 * The only thing any reader ever throws: a FileReadError with a code and a message in Chinese
 * and English. Anything else that escapes a parser is caught in `readGrids` and wrapped.
 */

export type Bilingual = { zh: string; en: string };

export type FileReadErrorCode =
  /** Larger than `maxBytes` (default 20 MB); refused before parsing. */
  | 'too-large'
  /** A zip archive (.xlsx/.docx) whose entries are too many or inflate to too much. */
  | 'zip-bomb'
  /** The content is valid but beyond the reader's limits (merged area, nesting…). */
  | 'too-complex'
  /** A format we do not read (images, other archives, binary data, encrypted files). */
  | 'unsupported-format'
  /** The file claims a format (by content or name) but cannot be parsed as it. */
  | 'corrupt'
  /** The file is empty. */
  | 'empty'
  /** A PDF with no text layer: a scan, pictures of the pages. */
  | 'no-text';

/**
 * `{ code, message: { zh, en } }`. At run time it is an Error (stack, `cause`, `instanceof Error`)
 * whose `message` is the bilingual object, the shape the server and the CLI pass on; `toString()`
 * and `text` give "zh / en" for logs.
 */
export interface FileReadError extends Omit<Error, 'message'> {
  readonly name: 'FileReadError';
  readonly code: FileReadErrorCode;
  readonly message: Bilingual;
  /** "zh / en", for logs. */
  readonly text: string;
  toJSON(): { code: FileReadErrorCode; message: Bilingual };
}

class FileReadErrorImpl extends Error {
  readonly code: FileReadErrorCode;
  readonly text: string;
  constructor(code: FileReadErrorCode, message: Bilingual, options?: { cause?: unknown }) {
    const text = `${message.zh} / ${message.en}`;
    super(text, options);
    this.name = 'FileReadError';
    this.code = code;
    this.text = text;
    void this.stack; // formats the stack header with the text message before it is replaced
    Object.defineProperty(this, 'message', { value: message, enumerable: true, writable: false, configurable: true });
  }
  override toString(): string {
    return `FileReadError [${this.code}]: ${this.text}`;
  }
  toJSON(): { code: FileReadErrorCode; message: Bilingual } {
    return { code: this.code, message: this.message as unknown as Bilingual };
  }
}

export const FileReadError = FileReadErrorImpl as unknown as {
  new (code: FileReadErrorCode, message: Bilingual, options?: { cause?: unknown }): FileReadError;
  readonly prototype: FileReadError;
};

export function isFileReadError(e: unknown): e is FileReadError {
  return e instanceof FileReadError;
}

export interface ReadWarning {
  code: string;
  message: Bilingual;
  /** Grid (sheet) the warning concerns, where it concerns one. */
  sheet?: string;
}

export function mib(n: number): string {
  return `${Math.round((n / 1024 / 1024) * 10) / 10} MB`;
}
