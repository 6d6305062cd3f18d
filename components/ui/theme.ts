"use client";

// The console's colour theme: the OS preference until the user picks one (then remembered in
// localStorage). The choice lives on <html class="dark">, set before first paint by THEME_SCRIPT
// (./theme-script),
// so every component (and Monaco) reads the same value and nothing flashes white.
import { useCallback, useEffect, useState } from "react";
import { THEME_KEY } from "./theme-script";

export type Theme = "light" | "dark";
const CHANGED = "ferry-theme-change";

const current = (): Theme => (document.documentElement.classList.contains("dark") ? "dark" : "light");

export function useTheme(): [Theme, () => void] {
  const [theme, setTheme] = useState<Theme>("light");
  useEffect(() => {
    const sync = () => setTheme(current());
    sync();
    // The OS preference (followed by THEME_SCRIPT) or another toggle changes the class.
    const observer = new MutationObserver(sync);
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ["class"] });
    window.addEventListener(CHANGED, sync);
    return () => {
      observer.disconnect();
      window.removeEventListener(CHANGED, sync);
    };
  }, []);
  const toggle = useCallback(() => {
    const next: Theme = current() === "dark" ? "light" : "dark";
    try {
      window.localStorage.setItem(THEME_KEY, next);
    } catch {
      // storage refused (private mode): the choice lasts for this page only
    }
    document.documentElement.classList.toggle("dark", next === "dark");
    window.dispatchEvent(new Event(CHANGED));
  }, []);
  return [theme, toggle];
}
