// A request without a body (a GET or HEAD, or an empty POST or DELETE) as its route handler
// sees it, made without undici's Request constructor.
//
// Why: `new Request(url, { headers })` costs ~3 µs, most of it an AbortSignal and WebIDL
// conversions nobody reads on a read (6% of a `GET …/{env}` under load, bench/api.ts). Handlers
// of GET read the URL, method and headers; those are plain fields here. Every other member of
// Request (clone, cache, mode, the empty body's readers …) is answered by a real Request made on
// first use, so a handler that reaches for one gets exactly what undici would give it.
const NEVER = new AbortController().signal;

export class BodylessRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Headers;
  readonly signal: AbortSignal;
  #real: Request | undefined;

  constructor(url: string, method: string, headers: Headers, signal: AbortSignal = NEVER) {
    this.url = url;
    this.method = method;
    this.headers = headers;
    this.signal = signal;
  }

  /** The full Request, for the members read rarely. */
  real(): Request {
    return (this.#real ??= new Request(this.url, { method: this.method, headers: this.headers, signal: this.signal }));
  }

  get body(): null {
    return null;
  }

  get bodyUsed(): boolean {
    return false;
  }
}

// The rest of Request's members, each delegated to the real one.
for (const name of Object.getOwnPropertyNames(Request.prototype)) {
  if (name === "constructor" || Object.hasOwn(BodylessRequest.prototype, name) || ["url", "method", "headers", "signal"].includes(name)) continue;
  const d = Object.getOwnPropertyDescriptor(Request.prototype, name)!;
  if (typeof d.value === "function") {
    Object.defineProperty(BodylessRequest.prototype, name, { value: function (this: BodylessRequest, ...args: unknown[]) { return (this.real() as unknown as Record<string, (...a: unknown[]) => unknown>)[name](...args); }, configurable: true, writable: true });
  } else if (d.get) {
    Object.defineProperty(BodylessRequest.prototype, name, { get(this: BodylessRequest) { return (this.real() as unknown as Record<string, unknown>)[name]; }, configurable: true });
  }
}
// `request instanceof Request` holds, as for the real thing.
Object.setPrototypeOf(BodylessRequest.prototype, Request.prototype);
