// Set in <head> by the root layout (a server component, hence not in the "use client" module):
// puts .dark on <html> before the body paints, from the stored choice or else the OS preference,
// and keeps following the OS while no choice is stored.
export const THEME_KEY = "ferry.theme";

export const THEME_SCRIPT = `(function(){try{var k=${JSON.stringify(THEME_KEY)};var m=window.matchMedia("(prefers-color-scheme: dark)");var apply=function(){var c=localStorage.getItem(k);document.documentElement.classList.toggle("dark",c?c==="dark":m.matches);};apply();m.addEventListener("change",apply);}catch(e){}})();`;
