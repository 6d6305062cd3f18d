// The server's providers: the catalog's descriptions paired with implementations that call out
// to clouds. Server-only.
import { createProviderRegistry, type ProviderRegistry } from "../esc";
import { mintEnvironmentToken } from "../oidc/tokens";
import { createAwsLoginProvider } from "./aws-login";
import { createAzureLoginProvider } from "./azure-login";
import { readCloudConfig } from "./cloud-config";

export function serverProviderRegistry(): ProviderRegistry {
  const deps = { mintToken: mintEnvironmentToken, config: () => readCloudConfig() };
  return createProviderRegistry([createAwsLoginProvider(deps), createAzureLoginProvider(deps)], []);
}
