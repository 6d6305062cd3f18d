"use client";

// The editor follows the console's theme (Monaco needs it as a prop).
export { useTheme } from "@/components/ui/theme";
