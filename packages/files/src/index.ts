export { readGrids } from './read.ts';
export { FileReadError, isFileReadError, type Bilingual, type FileReadErrorCode, type ReadWarning } from './errors.ts';
export { DEFAULTS, type CellStream, type FileFormat, type GridInfo, type ReadOptions, type ReadResult } from './types.ts';
export { gridShape, gridTexts, normaliseGrid } from './grid-builder.ts';
export { writeXlsx } from './write-xlsx.ts';
export { writeDocx } from './write-docx.ts';
export { writeHtml, type WriteOptions } from './write-html.ts';
