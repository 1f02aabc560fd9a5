/**
 * What the last action did (a polite status line, read out when it changes) and what went
 * wrong (an alert), for one part of the page.
 */
export function Feedback({ status, error }: { status?: string; error: string | null }) {
  return (
    <>
      {status !== undefined && (
        <p role="status" className="status">
          {status}
        </p>
      )}
      {error && (
        <p role="alert" className="form-error">
          {error}
        </p>
      )}
    </>
  );
}
