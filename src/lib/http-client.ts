// The one outbound HTTP door, injected everywhere so tests point platforms at loopback fakes.
export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  timeoutMs?: number;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface HttpClient {
  request(req: HttpRequest): Promise<HttpResponse>;
}

/** Network failure or timeout: nothing is known about whether the other side acted. */
export class HttpTransportError extends Error {
  constructor(
    message: string,
    readonly url: string,
  ) {
    super(message);
    this.name = 'HttpTransportError';
  }
}

export function createFetchHttpClient(defaultTimeoutMs = 10_000): HttpClient {
  return {
    async request(req) {
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), req.timeoutMs ?? defaultTimeoutMs);
      try {
        const res = await fetch(req.url, {
          method: req.method,
          headers: req.headers,
          body: req.body,
          signal: controller.signal,
        });
        const headers: Record<string, string> = {};
        res.headers.forEach((v, k) => {
          headers[k] = v;
        });
        return { status: res.status, headers, body: await res.text() };
      } catch (err) {
        const reason = controller.signal.aborted ? 'timed out' : err instanceof Error ? err.message : String(err);
        throw new HttpTransportError(`${req.method} ${new URL(req.url).origin}${new URL(req.url).pathname}: ${reason}`, req.url);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/** POST a JSON body and parse the JSON answer; platform error codes are left to the caller. */
export async function postJson<T = unknown>(http: HttpClient, url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: T }> {
  const res = await http.request({ method: 'POST', url, headers: { 'content-type': 'application/json; charset=utf-8', accept: 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: res.status, json: parseJsonBody<T>(res, url) };
}

export async function getJson<T = unknown>(http: HttpClient, url: string, headers: Record<string, string> = {}): Promise<{ status: number; json: T }> {
  const res = await http.request({ method: 'GET', url, headers: { accept: 'application/json', ...headers } });
  return { status: res.status, json: parseJsonBody<T>(res, url) };
}

function parseJsonBody<T>(res: HttpResponse, url: string): T {
  try {
    return JSON.parse(res.body) as T;
  } catch {
    throw new HttpTransportError(`HTTP ${res.status} from ${new URL(url).pathname} was not JSON: ${res.body.slice(0, 200)}`, url);
  }
}
