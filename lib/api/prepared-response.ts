// A response whose whole body exists when it is made: every JSON answer and every definition.
//
// Why not `new Response(text)`: undici builds a ReadableStream for every body at construction
// (about 10 µs of the 11 µs a Response costs, on this machine: 11% of a `GET …/{env}` under
// load, bench/api.ts), and Ferry's own server then reads that stream back into bytes. Made as a
// body-less Response with the bytes kept beside it, the lean router writes the bytes directly
// (server/web-bridge.ts: preparedBody). Everyone else — Next's own request handling, the route
// tests — reads it through the standard Response API, answered from the same bytes.
const encoder = new TextEncoder();

// A registered symbol, not `instanceof`: a second copy of this module (another bundle) still
// recognises the responses of the first.
const PREPARED = Symbol.for("ferry.api.preparedBody");

/** The bytes of a PreparedResponse, without reading it; undefined for any other Response. */
export function preparedBody(response: Response): Uint8Array<ArrayBuffer> | undefined {
  return (response as unknown as { [PREPARED]?: Uint8Array<ArrayBuffer> })[PREPARED];
}

export class PreparedResponse extends Response {
  readonly #bytes: Uint8Array<ArrayBuffer>;
  #stream: ReadableStream<Uint8Array<ArrayBuffer>> | undefined;
  #used = false;

  constructor(body: string | Uint8Array<ArrayBuffer>, init: ResponseInit = {}) {
    super(null, init);
    this.#bytes = typeof body === "string" ? encoder.encode(body) : body;
  }

  /** The body, for a server that writes it itself (not a read: the body stays usable). */
  get [PREPARED](): Uint8Array<ArrayBuffer> {
    return this.#bytes;
  }

  override get body(): ReadableStream<Uint8Array<ArrayBuffer>> {
    if (!this.#stream) {
      const bytes = this.#bytes;
      // pulled only when read (highWaterMark 0): getting `body` to look at it does not use it up
      this.#stream = new ReadableStream<Uint8Array<ArrayBuffer>>(
        {
          pull: (controller) => {
            this.#used = true;
            controller.enqueue(bytes);
            controller.close();
          },
        },
        { highWaterMark: 0 },
      );
    }
    return this.#stream;
  }

  override get bodyUsed(): boolean {
    return this.#used;
  }

  #take(): Uint8Array<ArrayBuffer> {
    if (this.#used) throw new TypeError("Body is unusable: Body has already been read");
    this.#used = true;
    return this.#bytes;
  }

  override async arrayBuffer(): Promise<ArrayBuffer> {
    const b = this.#take();
    return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
  }

  override async bytes(): Promise<Uint8Array<ArrayBuffer>> {
    return new Uint8Array(await this.arrayBuffer());
  }

  override async text(): Promise<string> {
    return new TextDecoder().decode(this.#take());
  }

  override async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }

  override async formData(): Promise<FormData> {
    return new Response(this.#take(), { headers: this.headers }).formData();
  }

  override async blob(): Promise<Blob> {
    return new Blob([await this.arrayBuffer()], { type: this.headers.get("content-type") ?? "" });
  }

  override clone(): PreparedResponse {
    if (this.#used) throw new TypeError("Response.clone: Body has already been consumed.");
    return new PreparedResponse(this.#bytes, { status: this.status, statusText: this.statusText, headers: this.headers });
  }
}
