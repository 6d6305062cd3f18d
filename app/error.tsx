"use client";

// Unexpected failures: never show exception text (it can carry SQL or secrets), only the
// reference Next logs with the error on the server.
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main className="flex min-h-[60vh] flex-col items-center justify-center px-4 text-center">
      <h1 className="text-xl font-semibold">Something went wrong</h1>
      <p className="mt-2 text-sm text-zinc-500">
        The page could not be shown{error.digest ? ` (ref ${error.digest})` : ""}. Try again, or give the reference to your administrator.
      </p>
      <button onClick={reset} className="mt-5 rounded-md border border-zinc-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-zinc-50">
        Try again
      </button>
    </main>
  );
}
