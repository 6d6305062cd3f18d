// Hostile values, shared by every suite. Path values are written percent-encoded, as they go on
// the wire; each names what it probes.

/**
 * Route segments that can name nothing. Pure dot segments (`..`, `%2e%2e`) are absent on purpose:
 * URL parsing resolves them before any route sees them (RFC 3986 §5.2.4), on every client and in
 * Next, so they address a different, ordinary URL rather than carry a hostile name.
 */
export const HOSTILE_SEGMENTS: Record<string, string> = {
  "dot-dot inside a name": "..%2F..%2Fetc",
  "three dots": "...",
  "encoded slash": "a%2Fb",
  "double-encoded slash": "a%252Fb",
  "encoded backslash": "a%5Cb",
  "NUL": "dev%00",
  "control character": "dev%0Ab",
  "space": "de%20v",
  "Cyrillic look-alike": "d%D0%B5v",
  "fullwidth look-alike": "%EF%BD%84ev",
  "right-to-left override": "%E2%80%AEved",
  "zero-width joiner": "de%E2%80%8Dv",
  "emoji": "%F0%9F%92%A5",
  "10 kB": "a".repeat(10_240),
  "10 kB of encoded slashes": "%2F".repeat(3_414),
  "percent sign": "%25",
  "malformed percent-encoding": "a%ZZ",
  "truncated UTF-8": "%E0%A4%A",
  "overlong UTF-8 dot": "%C0%AE%C0%AE",
  // Computed: a literal "__proto__": key would set the object's prototype instead of a property.
  ["__proto__"]: "__proto__",
  "SQL": "x'%20OR%20'1'%3D'1",
  "HTML": "%3Cscript%3E",
  "query in segment": "dev%3Fx%3D1",
  "fragment in segment": "dev%23x",
  "leading dash": "-dev",
};

/** The hostile segments every method of a route is sent; its first method gets all of them. */
export const CORE_SEGMENTS = ["encoded slash", "NUL", "10 kB", "malformed percent-encoding", "Cyrillic look-alike", "__proto__"];

/**
 * Well-formed names that are properties of every JavaScript object: a lookup must not find
 * Object.prototype's members. (Where a segment creates what it names, these are valid names.)
 */
export const PROTOTYPE_NAMES = ["constructor", "toString", "hasOwnProperty", "prototype", "valueOf"];

/** Authorization headers that must not authenticate anyone. */
export function hostileAuthorizations(pat: string): Record<string, string | string[]> {
  const flipped = pat.slice(0, -1) + (pat.endsWith("A") ? "B" : "A");
  return {
    "garbage bearer": "Bearer garbage",
    "tampered personal access token": `Bearer ${flipped}`,
    "truncated personal access token": `Bearer ${pat.slice(0, -5)}`,
    "token prefix only": "Bearer fry_pat_",
    "10 kB token": `Bearer fry_pat_${"A".repeat(10_240)}`,
    "Basic scheme": `Basic ${Buffer.from(`x:${pat}`).toString("base64")}`,
    "scheme without token": "Bearer",
    "two tokens in one header": `Bearer ${pat} ${pat}`,
    "two Authorization headers": [`Bearer ${flipped}`, `Bearer ${pat}`],
    "non-ASCII token": `Bearer fry_pat_\u00e9\u00e9`,
    "JWT-looking token": "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiJ9.",
  };
}

/** Bodies that are not the JSON an endpoint reads, whatever its schema. */
export function hostileJsonBodies(valid: unknown, limit: number): Record<string, { body: string | Buffer; contentType?: string; chunked?: boolean }> {
  const text = JSON.stringify(valid);
  const json = "application/json";
  return {
    "text/plain body": { body: text, contentType: "text/plain" },
    "form-encoded body": { body: "name=x&revision=1", contentType: "application/x-www-form-urlencoded" },
    "multipart body": { body: '--x\r\nContent-Disposition: form-data; name="name"\r\n\r\nx\r\n--x--\r\n', contentType: "multipart/form-data; boundary=x" },
    "XML body": { body: "<name>x</name>", contentType: "application/xml" },
    "no content type": { body: text },
    "garbage content type": { body: text, contentType: "???" },
    "truncated JSON": { body: text.slice(0, -1) || "{", contentType: json },
    "single-quoted JSON": { body: "{'name': 'x'}", contentType: json },
    "JSON with trailing garbage": { body: `${text} x`, contentType: json },
    "invalid UTF-8": { body: Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xff, 0xfe, 0xc0]), Buffer.from('"}')]), contentType: json },
    "UTF-16 body": { body: Buffer.from(text, "utf16le"), contentType: json },
    "JSON null": { body: "null", contentType: json },
    "JSON array": { body: "[1,2,3]", contentType: json },
    "JSON string": { body: '"x"', contentType: json },
    "deeply nested arrays": { body: "[".repeat(Math.floor(limit / 2) - 8) + "]".repeat(Math.floor(limit / 2) - 8), contentType: json },
    // Inside a list, so that no schema reads it as an object with unknown keys (and accepts it).
    "deeply nested objects": { body: "[" + '{"a":'.repeat(Math.floor(limit / 6) - 4) + "1" + "}".repeat(Math.floor(limit / 6) - 4) + "]", contentType: json },
    "over the limit (declared)": { body: JSON.stringify({ pad: "x".repeat(limit) }), contentType: json },
    "over the limit (chunked, undeclared)": { body: JSON.stringify({ pad: "x".repeat(limit) }), contentType: json, chunked: true },
  };
}

/** Bodies that are not a definition an endpoint can read. */
export function hostileYamlBodies(limit: number): Record<string, { body: string | Buffer; contentType?: string; chunked?: boolean }> {
  const yaml = "application/x-yaml";
  return {
    "form-encoded body": { body: "values%3A%0A++a%3A+1", contentType: "application/x-www-form-urlencoded" },
    "multipart body": { body: '--x\r\nContent-Disposition: form-data; name="f"\r\n\r\nvalues: {}\r\n--x--\r\n', contentType: "multipart/form-data; boundary=x" },
    "image body": { body: Buffer.from([0x89, 0x50, 0x4e, 0x47]), contentType: "image/png" },
    "invalid UTF-8": { body: Buffer.concat([Buffer.from("values:\n  a: "), Buffer.from([0xff, 0xfe, 0xc0])]), contentType: yaml },
    "over the limit (declared)": { body: `values:\n  pad: ${"x".repeat(limit)}\n`, contentType: yaml },
    "over the limit (chunked, undeclared)": { body: `values:\n  pad: ${"x".repeat(limit)}\n`, contentType: yaml, chunked: true },
  };
}

/** Definitions that are hostile to a YAML reader or an evaluator, each under the size limit. */
export const HOSTILE_DEFINITIONS: Record<string, string> = {
  "unbalanced flow": "values: {a: [1, 2}\n",
  "tab indentation": "values:\n\ta: 1\n",
  "alias bomb": `values:\n  a: &a ["x","x","x","x","x","x","x","x","x"]\n${Array.from({ length: 9 }, (_, i) => `  b${i}: &b${i} [${Array(9).fill(i === 0 ? "*a" : `*b${i - 1}`).join(",")}]`).join("\n")}\n`,
  "recursive alias": "values:\n  a: &a\n    b: *a\n",
  "deep nesting": "values:\n  a: " + "[".repeat(5_000) + "]".repeat(5_000) + "\n",
  "self reference": "values:\n  a: ${a}\n",
  "reference cycle": "values:\n  a: ${b}\n  b: ${a}\n",
  "unknown function": "values:\n  a:\n    fn::nope: 1\n",
  "NUL in a value": "values:\n  a: \"x\\0y\"\n",
  "not a mapping": "- 1\n- 2\n",
  "document stream": "values: {}\n---\nvalues: {}\n",
  "10 kB key": `values:\n  ${"k".repeat(10_240)}: 1\n`,
};

/** Names as a server action's arguments carry them (decoded values, not URL segments). */
export const HOSTILE_NAMES: Record<string, unknown> = {
  "dot-dot path": "../../etc",
  "slash": "a/b",
  "NUL": "dev\u0000",
  "Cyrillic look-alike": "d\u0435v",
  "right-to-left override": "\u202eved",
  "10 kB": "a".repeat(10_240),
  ["__proto__"]: "__proto__",
  "constructor": "constructor",
  "toString": "toString",
  "empty": "",
  "null": null,
  "a number": 7,
  "a list": ["dev"],
  "an object": { toString: "x" },
};
