import { withErrors } from "@/lib/http/handler";
import { AppError } from "@/lib/errors";

// Any path under /api that no route takes (/api, /api/nope, /api/tasks/a/b): a 404
// problem with the request id, for every method, instead of Next's HTML page.
const notFound = withErrors(async () => {
  throw new AppError("not_found", "No such endpoint. The API is described at /api/openapi.json.");
});

export { notFound as GET, notFound as HEAD, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE, notFound as OPTIONS };
