// Copies of a Response with another body: the one way the package rebuilds a response (the
// error-body step's redacted copy, the drift reporter's re-read body).

/** A response like `response` (status, status text, headers, url) whose body is `body`; a bodiless status keeps none. */
export function withBody(response: Response, body: string, statusText = response.statusText): Response {
  const copy = new Response(body === '' ? null : body, { status: response.status, statusText, headers: response.headers });
  Object.defineProperty(copy, 'url', { value: response.url });
  return copy;
}
