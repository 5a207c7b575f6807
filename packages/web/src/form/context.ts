import { createContext, useContext } from 'react';
import type { Severity } from '@jixiao/core';

/** What every cell of the form needs to know, without threading props through each section. */
export interface FormCtx {
  readOnly: boolean;
  /** Edit a header/funds/goal/task field by its path. */
  onField: (path: string, raw: string) => void;
  /** Worst finding per cell key. */
  marks: ReadonlyMap<string, Severity>;
  /** Reviewer comments per cell key. */
  comments: ReadonlyMap<string, string[]>;
  /** Cells changed against the chosen baseline (二上 vs 一上 / finance review). */
  changed: ReadonlySet<string>;
  /** Review mode: clicking a cell selects it for a comment. */
  onSelectCell?: (key: string) => void;
  selectedKey?: string;
  /** Print and public pages: text, not inputs. */
  plain?: boolean;
}

export const FormContext = createContext<FormCtx>({
  readOnly: true,
  onField: () => {},
  marks: new Map(),
  comments: new Map(),
  changed: new Set(),
});
export const useForm = () => useContext(FormContext);

/**
 * Text mode (print, public pages), in a context of its own: every cell reads it, and a context
 * that changes on every keystroke (like FormContext, whose marks do) would re-render them all.
 */
export const PlainContext = createContext(false);
