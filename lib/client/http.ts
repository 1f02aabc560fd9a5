import createClient, { type Client } from "openapi-fetch";
import type { paths } from "./api-types";
import { TasksApiError, TasksNetworkError } from "./errors";
import { sessionCookieMemory } from "./session-cookie";

// The openapi-fetch client every method goes through: typed by the generated `paths`,
// with this API's query style and credentials, and one rule for failures.

export type TasksClientOptions = {
  /**
   * Where the app is served, e.g. "https://tasks.example.com". Leave it out on the app's
   * own pages: requests then go to the same origin, with the session cookie.
   */
  baseUrl?: string;
  /** A JWT from auth.token(), sent as `Authorization: Bearer`. */
  token?: string;
  /** Sent with every request (a token's Authorization header overrides one given here). */
  headers?: Record<string, string>;
  /** Instead of globalThis.fetch (tests, a proxy agent, request options). */
  fetch?: (request: Request) => Promise<Response>;
};

export type Http = Client<paths>;

export function createHttp(options: TasksClientOptions): Http {
  const baseFetch = options.fetch ?? ((request: Request) => globalThis.fetch(request));
  const http = createClient<paths>({
    baseUrl: options.baseUrl ?? "",
    fetch: reportUnreachable(baseFetch),
    headers: requestHeaders(options),
    // The list's priority is one comma-separated parameter (priority=high,low: style form,
    // explode false), not priority=high&priority=low, which the server refuses as repeated.
    querySerializer: { array: { style: "form", explode: false } },
  });
  http.use(sessionCookieMemory(options.baseUrl ? new URL(options.baseUrl).origin : undefined));
  return http;
}

/** What every request carries: JSON accepted, the caller's headers, and the token if there is one. */
export function requestHeaders(options: TasksClientOptions): Record<string, string> {
  return {
    Accept: "application/json",
    ...options.headers,
    ...(options.token !== undefined && { Authorization: `Bearer ${options.token}` }),
  };
}

// fetch rejects when there is no answer at all. An abort is the caller's own doing and
// goes through untouched, so that it can be told apart and ignored.
function reportUnreachable(fetch: (request: Request) => Promise<Response>) {
  return async (request: Request): Promise<Response> => {
    try {
      return await fetch(request);
    } catch (error) {
      if (request.signal.aborted) throw error;
      throw new TasksNetworkError(error);
    }
  };
}

type Outcome<Data> = { data?: Data; error?: unknown; response: Response };

/** The body of a successful answer, or a TasksApiError built from the failed one. */
export async function succeed<Data>(pending: Promise<Outcome<Data>>): Promise<{ data: Data; response: Response }> {
  const { data, error, response } = await pending;
  if (!response.ok) throw new TasksApiError(response, error);
  return { data: data as Data, response };
}
