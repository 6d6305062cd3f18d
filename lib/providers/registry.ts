// The server's providers: the catalog's descriptions paired with implementations that call out
// to clouds. Server-only.
import { createProviderRegistry, type ProviderRegistry } from "../esc";

export function serverProviderRegistry(): ProviderRegistry {
  return createProviderRegistry([], []);
}
