// Browser-safe descriptions of the providers and rotators this deployment offers: names, input
// and output schemas, documentation. The editor uses them for completion and for check mode
// (where outputs are unknown values typed by the output schema); the server registry in
// ./registry.ts pairs each with its implementation.
import type { Schema } from "../esc";
import { awsLoginInputSchema, awsLoginOutputSchema, azureLoginInputSchema, azureLoginOutputSchema, azureSpInputSchema, azureSpOutputSchema } from "./schemas";

export interface ProviderDescription {
  name: string;
  summary: string;
  inputSchema: Schema;
  outputSchema: Schema;
  /** a starter definition the editor can insert */
  snippet?: string;
}

/** fn::open::azure-sp: a new Azure service principal (or application password) per open, under a lease (lib/leases records and reaps it). */
export const azureSpDescription: ProviderDescription = {
  name: "azure-sp",
  summary: "A new Azure service principal per open, with the configured roles and groups, deleted when its lease ends (Vault's Azure secrets engine).",
  inputSchema: azureSpInputSchema,
  outputSchema: azureSpOutputSchema,
  snippet: [
    "fn::open::azure-sp:",
    "  login:",
    "    clientId: 00000000-0000-0000-0000-000000000000",
    "    tenantId: 00000000-0000-0000-0000-000000000000",
    "    subscriptionId: 00000000-0000-0000-0000-000000000000",
    "    oidc: true",
    "  roles:",
    "    - roleName: Reader",
    "      scope: /subscriptions/00000000-0000-0000-0000-000000000000",
    "  ttl: 1h",
  ].join("\n"),
};

export const providerCatalog: ProviderDescription[] = [
  {
    name: "aws-login",
    summary: "Short-lived AWS credentials: assumes an IAM role with Ferry's OIDC token, or passes static keys through.",
    inputSchema: awsLoginInputSchema,
    outputSchema: awsLoginOutputSchema,
    snippet: [
      "fn::open::aws-login:",
      "  oidc:",
      "    roleArn: arn:aws:iam::123456789012:role/ferry-example",
      "    sessionName: ferry",
      "    duration: 1h",
    ].join("\n"),
  },
  {
    name: "azure-login",
    summary: "Azure credentials: exchanges Ferry's OIDC token at Entra through a federated credential, or passes a client secret through.",
    inputSchema: azureLoginInputSchema,
    outputSchema: azureLoginOutputSchema,
    snippet: [
      "fn::open::azure-login:",
      "  clientId: 00000000-0000-0000-0000-000000000000",
      "  tenantId: 00000000-0000-0000-0000-000000000000",
      "  subscriptionId: 00000000-0000-0000-0000-000000000000",
      "  oidc: true",
    ].join("\n"),
  },
  azureSpDescription,
];

export const providerDescription = (name: string) => providerCatalog.find((p) => p.name === name);
