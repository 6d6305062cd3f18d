import type { Metadata } from "next";
import "./globals.css";

// Every page depends on who is signed in and on the database: nothing is prerendered.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: { default: "Ferry", template: "%s · Ferry" },
  description: "Environments, secrets and configuration",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-full font-sans text-sm">{children}</body>
    </html>
  );
}
