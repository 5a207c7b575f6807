/**
 * Mirror sites re-publish tables with the reading of some characters injected after them:
 * `績效目標(biāo)`, `項(xiàng)目`, `產(chǎn)出`. The reading is pinyin with a tone mark in brackets right
 * after a Chinese character; it is dropped (the cell keeps its text as filed in `original`).
 */

const TONED = 'āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ';
const READING = new RegExp(`([\\u3400-\\u9fff])[(（]([a-zü]*[${TONED}][a-zü${TONED}]*)[)）]`, 'g');
const QUICK = new RegExp(`[(（][a-zü]*[${TONED}]`);

/** True when the text holds an injected reading (cheap check first). */
export function hasInjectedPinyin(text: string): boolean {
  if (!QUICK.test(text)) return false;
  READING.lastIndex = 0;
  return READING.test(text);
}

/** The text with every injected reading removed. */
export function stripInjectedPinyin(text: string): string {
  if (!QUICK.test(text)) return text;
  return text.replace(READING, '$1');
}
