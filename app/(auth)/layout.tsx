import { Logo } from "@/components/ui/card";

export default function AuthLayout({ children }: { children: React.ReactNode }) {
  return (
    <main className="flex min-h-screen flex-col items-center justify-center bg-gradient-to-b from-white to-zinc-100 px-4 py-12">
      <Logo className="mb-8 text-lg" />
      <div className="w-full max-w-sm rounded-xl border border-zinc-200 bg-white p-7 shadow-sm">{children}</div>
      <p className="mt-6 text-xs text-zinc-500">Environments, secrets and configuration for your team.</p>
    </main>
  );
}
