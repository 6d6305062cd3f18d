import Link from "next/link";
import { Logo } from "@/components/ui/card";

export default function NotFound() {
  return (
    <main className="flex min-h-screen flex-col items-center justify-center px-4 text-center">
      <Logo className="mb-8" />
      <p className="text-sm font-semibold text-brand-600">404</p>
      <h1 className="mt-2 text-2xl font-semibold tracking-tight">Not found</h1>
      <p className="mt-2 max-w-md text-sm text-zinc-500">
        There is nothing here, or you don&apos;t have access to it. Check the address, or ask an admin of the organization to add you.
      </p>
      <Link href="/" className="mt-6 text-sm font-medium text-brand-600 hover:underline">
        Back to your organizations
      </Link>
    </main>
  );
}
