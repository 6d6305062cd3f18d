// Language-core ranges count lines from 1 and carry a UTF-8 byte offset; Monaco counts UTF-16
// code units. Converting through the byte offset keeps markers exact on non-ASCII text.
export function utf16OffsetOfByte(text: string, byte: number): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    if (bytes >= byte) return i;
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return text.length;
}

export function byteOfUtf16Offset(text: string, offset: number): number {
  return new TextEncoder().encode(text.slice(0, offset)).length;
}
