// The lean path for machine clients (the CLI's `run`, CI jobs, the ESC SDK): requests under
// /api (except /api/auth, next-auth's), /oidc and /cli are answered here, in Ferry's own server,
// without Next's request pipeline, by the very route handler modules Next serves them with.
//
// Why the route table is app/'s folders, read at startup, rather than a table in lib/api: it keeps
// ONE table. Next routes `next dev` (and any page or server action) by those folders; a second,
// hand-written table would have to be kept in step with them forever, and a route added to one
// and not the other would answer differently depending on which server ran. Here both read the
// same files: the folder path is the URL pattern (`[org]` a parameter, `[[...path]]` a
// catch-all), with Next's precedence (a static segment beats a parameter, which beats a
// catch-all), and each module's exported GET/POST/… are the handlers, called with a Web Request
// and `{ params: Promise<…> }` exactly as Next calls them. The handlers are thin (lib/api does the
// work) and import nothing from next/*, which is what lets them run outside Next.
//
// Behaviour Next's pipeline added around those handlers is reproduced here and nowhere else:
// proxy.ts's refusals (lib/next/request-guard.ts: malformed percent-encoding), the headers of
// next.config.ts, the 308 that drops a trailing slash, and route segments decoded once.
import http from "node:http";
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { refuseRequest } from "../lib/next/request-guard";
import { CONFIG_HEADERS, toWebRequest, writeWebResponse } from "./web-bridge";

type RouteModule = Partial<Record<string, (request: Request, context: { params: Promise<Record<string, string | string[]>> }) => Promise<Response> | Response>>;

interface Node {
  statics: Map<string, Node>;
  param?: { name: string; node: Node };
  catchAll?: { name: string; optional: boolean; file: string; template: string };
  file?: string;
  template?: string;
}

export interface Route {
  file: string;
  /** the folder path as a URL pattern, e.g. /api/esc/environments/[org]/[project]/[env] */
  template: string;
  params: Record<string, string | string[]>;
}

const newNode = (): Node => ({ statics: new Map() });

/** The URL prefixes the lean router answers; everything else is Next's. */
export function isLeanPath(pathname: string): boolean {
  if (pathname === "/api" || pathname.startsWith("/api/")) return !(pathname === "/api/auth" || pathname.startsWith("/api/auth/"));
  return pathname === "/oidc" || pathname.startsWith("/oidc/") || pathname === "/cli" || pathname.startsWith("/cli/");
}

/** Builds the table from app/{api,oidc,cli}/**\/route.ts (api/auth stays with Next). */
export function buildRouteTable(appDir: string): Node {
  const root = newNode();
  const walk = (dir: string, node: Node, template: string) => {
    for (const name of readdirSync(dir).sort()) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) {
        const optional = /^\[\[\.\.\.(\w+)\]\]$/.exec(name);
        const catchAll = optional ?? /^\[\.\.\.(\w+)\]$/.exec(name);
        const param = /^\[(\w+)\]$/.exec(name);
        if (catchAll) {
          const file = path.join(full, "route.ts");
          if (statSync(file, { throwIfNoEntry: false })?.isFile()) node.catchAll = { name: catchAll[1], optional: !!optional, file, template: `${template}/${name}` };
        } else if (param) {
          node.param ??= { name: param[1], node: newNode() };
          walk(full, node.param.node, `${template}/${name}`);
        } else {
          if (!node.statics.has(name)) node.statics.set(name, newNode());
          walk(full, node.statics.get(name)!, `${template}/${name}`);
        }
      } else if (name === "route.ts") {
        node.file = full;
        node.template = template || "/";
      }
    }
  };
  for (const top of ["api", "oidc", "cli"]) {
    const dir = path.join(appDir, top);
    const node = newNode();
    root.statics.set(top, node);
    walk(dir, node, `/${top}`);
  }
  root.statics.get("api")!.statics.delete("auth");
  return root;
}

/** Next's precedence, with backtracking: static, then a parameter, then a catch-all. */
export function matchRoute(node: Node, segments: string[], i = 0, params: Record<string, string | string[]> = {}): Route | undefined {
  if (i === segments.length) {
    if (node.file) return { file: node.file, template: node.template!, params };
    if (node.catchAll?.optional) return { file: node.catchAll.file, template: node.catchAll.template, params };
    return undefined;
  }
  const s = segments[i];
  const stat = node.statics.get(s);
  const viaStatic = stat && matchRoute(stat, segments, i + 1, params);
  if (viaStatic) return viaStatic;
  if (node.param) {
    const viaParam = matchRoute(node.param.node, segments, i + 1, { ...params, [node.param.name]: s });
    if (viaParam) return viaParam;
  }
  if (node.catchAll) return { file: node.catchAll.file, template: node.catchAll.template, params: { ...params, [node.catchAll.name]: segments.slice(i) } };
  return undefined;
}

function refusal(res: http.ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}) {
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store", ...Object.fromEntries(CONFIG_HEADERS), ...headers });
  res.end(JSON.stringify({ code: status, error: code, message }));
}

function hostOf(req: http.IncomingMessage): string {
  const h = req.headers.host;
  return h && /^[A-Za-z0-9.\-:[\]]{1,300}$/.test(h) ? h : "localhost";
}

export interface LeanRouter {
  /** Answers the request when its path is the lean router's, else returns false. */
  handle(req: http.IncomingMessage, res: http.ServerResponse, onRoute?: (template: string) => void): Promise<boolean> | false;
  /**
   * Loads every route module now. Loaded on first use instead, the first requests to a route
   * waited seconds for its imports to compile (with the domain code behind them), and requests
   * queued behind them looked hung.
   */
  warm(): Promise<void>;
}

function routeFiles(node: Node, out: string[] = []): string[] {
  if (node.file) out.push(node.file);
  if (node.catchAll) out.push(node.catchAll.file);
  if (node.param) routeFiles(node.param.node, out);
  for (const child of node.statics.values()) routeFiles(child, out);
  return out;
}

export function createLeanRouter(appDir: string): LeanRouter {
  const table = buildRouteTable(appDir);
  const modules = new Map<string, Promise<RouteModule>>();
  const load = (file: string) => {
    let m = modules.get(file);
    if (!m) {
      m = import(pathToFileURL(file).href) as Promise<RouteModule>;
      modules.set(file, m);
    }
    return m;
  };
  return {
    async warm() {
      for (const file of new Set(routeFiles(table))) await load(file);
    },
    handle(req, res, onRoute) {
      const raw = req.url ?? "/";
      const q = raw.indexOf("?");
      const rawPath = q === -1 ? raw : raw.slice(0, q);
      // cheap prefix test before parsing anything: most non-API traffic is pages and assets
      if (!(rawPath.startsWith("/api") || rawPath.startsWith("/oidc") || rawPath.startsWith("/cli"))) return false;
      let url: URL;
      try {
        url = new URL(raw, `http://${hostOf(req)}`);
      } catch {
        return false;
      }
      if (!isLeanPath(url.pathname)) return false;
      return (async () => {
        const refused = refuseRequest({ method: req.method ?? "", rawPath, header: (n) => (req.headers[n.toLowerCase()] as string | undefined) ?? null });
        if (refused) return void refusal(res, refused.status, refused.code, refused.message, refused.headers);
        // as Next does: repeated slashes (the official SDK sends `open//{id}`) get a 308 to the path
        // without them, which clients follow keeping the method
        if (/\/\/|\\/.test(rawPath)) {
          const clean = rawPath.replace(/\\/g, "/").replace(/\/{2,}/g, "/");
          res.writeHead(308, { location: clean + url.search, ...Object.fromEntries(CONFIG_HEADERS) }).end();
          return;
        }
        if (url.pathname.length > 1 && url.pathname.endsWith("/")) {
          res.writeHead(308, { location: url.pathname.replace(/\/+$/, "") + url.search, ...Object.fromEntries(CONFIG_HEADERS) }).end();
          return;
        }
        // Next decodes each segment once; request-guard refused what would not decode
        const segments = url.pathname.slice(1).split("/").map((s) => decodeURIComponent(s));
        const route = matchRoute(table, segments);
        if (!route) return void refusal(res, 404, "not_found", `There is no endpoint at ${url.pathname.slice(0, 200)}.`);
        onRoute?.(route.template);
        const mod = await load(route.file);
        const handler = mod[req.method ?? "GET"] ?? (req.method === "HEAD" ? mod.GET : undefined);
        if (!handler) return void refusal(res, 405, "method_not_allowed", `${String(req.method).slice(0, 16)} is not supported at this address.`);
        // Only requests with a body do work worth stopping when the client leaves (an open's
        // evaluation and provider calls); reads are quicker than an AbortController per request.
        let signal: AbortSignal | undefined;
        if (req.method !== "GET" && req.method !== "HEAD") {
          const abort = new AbortController();
          res.once("close", () => !res.writableFinished && abort.abort());
          signal = abort.signal;
        }
        const { request, releaseBody, mustClose } = toWebRequest(req, url.href, signal);
        try {
          const response = await handler(request, { params: Promise.resolve(route.params) });
          await writeWebResponse(res, response, req.method === "HEAD", mustClose());
        } finally {
          releaseBody();
        }
      })().then(() => true);
    },
  };
}
