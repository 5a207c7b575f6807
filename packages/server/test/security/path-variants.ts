/**
 * Spellings of one path that a router, a proxy or a browser may read as the same path (or not):
 * the variants the gate tests and the hostile-input fuzz test send (issue 19, holes 1 and 2 came
 * through `/%61pi/…` and `/api/auth/%6cogin`).
 */
/** Percent-encodes the first letter of a segment (`api` → `%61pi`). */
const encodeFirst = (seg: string) => (/^[a-z]/i.test(seg) ? `%${seg.charCodeAt(0).toString(16)}${seg.slice(1)}` : null);
const swapCase = (seg: string) => (/[a-z]/.test(seg) ? seg.toUpperCase() : /[A-Z]/.test(seg) ? seg.toLowerCase() : null);

/**
 * The spellings of one concrete path. Each is named, so a failure says which kind let a request
 * through. Variants equal to the path itself are left out.
 */
export function pathVariants(path: string): Array<[string, string]> {
  const segs = path.split('/').slice(1); // '/api/tables/x' → ['api', 'tables', 'x']
  const at = (i: number, seg: string) => '/' + segs.map((s, j) => (j === i ? seg : s)).join('/');
  const first = 0;
  const last = segs.length - 1;
  const out: Array<[string, string | null]> = [
    ['percent-encoded first segment', encodeFirst(segs[first]!) && at(first, encodeFirst(segs[first]!)!)],
    ['percent-encoded last segment', last > 0 && encodeFirst(segs[last]!) ? at(last, encodeFirst(segs[last]!)!) : null],
    ['every character percent-encoded', '/' + segs.map((seg) => [...seg].map((c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`).join('')).join('/')],
    ['every character percent-encoded, upper-case hex', '/' + segs.map((seg) => [...seg].map((c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0').toUpperCase()}`).join('')).join('/')],
    ['encoded slash', segs.length > 1 ? '/' + segs.slice(0, 2).join('%2f') + (segs.length > 2 ? '/' + segs.slice(2).join('/') : '') : null],
    ['leading doubled slash', '/' + path],
    ['inner doubled slash', segs.length > 1 ? '/' + segs[0] + '//' + segs.slice(1).join('/') : null],
    ['trailing slash', path.endsWith('/') ? null : path + '/'],
    ['upper case first segment', swapCase(segs[first]!) && at(first, swapCase(segs[first]!)!)],
    ['upper case last segment', last > 0 && swapCase(segs[last]!) ? at(last, swapCase(segs[last]!)!) : null],
    ['dot segment', '/' + segs[0] + '/.' + (segs.length > 1 ? '/' + segs.slice(1).join('/') : '')],
    ['dot-dot segment', '/' + segs[0] + '/x/..' + (segs.length > 1 ? '/' + segs.slice(1).join('/') : '')],
    ['encoded dot-dot segment', '/' + segs[0] + '/x/%2e%2e' + (segs.length > 1 ? '/' + segs.slice(1).join('/') : '')],
    ['trailing dot segment', path + '/.'],
    ['backslash', segs.length > 1 ? '/' + segs[0] + '\\' + segs.slice(1).join('/') : null],
    ['semicolon parameter', path + ';x=1'],
  ];
  const seen = new Set([path]);
  return out.filter((v): v is [string, string] => {
    if (!v[1] || seen.has(v[1])) return false;
    seen.add(v[1]);
    return true;
  });
}

