import type { Metadata } from "next";
import "./globals.css";
import { THEME_SCRIPT } from "@/components/ui/theme-script";

// Every page depends on who is signed in and on the database: nothing is prerendered.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: { default: "Ferry", template: "%s · Ferry" },
  description: "Environments, secrets and configuration",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en" suppressHydrationWarning>
      <head>
        <script dangerouslySetInnerHTML={{ __html: THEME_SCRIPT }} />
      </head>
      <body className="min-h-full font-sans text-sm">{children}</body>
    </html>
  );
}
