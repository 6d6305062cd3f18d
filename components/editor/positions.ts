// The language core counts columns in code points; Monaco counts UTF-16 code units, which
// differ for characters outside the Basic Multilingual Plane (emoji, some CJK).
export function utf16OffsetOfCodePoint(text: string, codePoints: number): number {
  let i = 0;
  for (let n = 0; n < codePoints && i < text.length; n++) {
    const c = text.charCodeAt(i);
    i += c >= 0xd800 && c <= 0xdbff && i + 1 < text.length ? 2 : 1;
  }
  return i;
}
