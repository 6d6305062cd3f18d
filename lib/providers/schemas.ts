// Input and output schemas of the cloud login providers (hosted ESC's field names, plus
// `expiration` / `accessToken` / `expiresOn`, CLOUD_PROTOCOLS.md §1.1–1.2). Browser-safe: the
// editor completes and checks definitions with them, and check mode types unknown outputs.
import { schema, type Schema, type SchemaObject } from "../esc";
import { SUBJECT_ATTRIBUTES } from "../oidc/claims";
import { GUID_PATTERN } from "./azure-sp/inputs";

const str = (description: string, extra: Partial<SchemaObject> = {}): SchemaObject => ({ ...schema.string(), description, ...extra });
const secretStr = (description: string): SchemaObject => ({ ...schema.string(), description, secret: true });

const subjectAttributes: SchemaObject = {
  ...schema.arrayOf({ ...schema.string(), enum: [...SUBJECT_ATTRIBUTES] }),
  description: "Attributes to put in the token's `sub` instead of the default subject, in this order.",
};

/** Go-style durations such as `1h`, `45m`, `1h30m`, `3600s` (hosted ESC's `duration`). */
export const DURATION_PATTERN = "^([0-9]+(\\.[0-9]+)?(h|m|s))+$";

export const awsLoginInputSchema: Schema = {
  ...schema.objectOf({
    oidc: {
      ...schema.objectOf(
        {
          roleArn: str("ARN of the IAM role to assume; its trust policy must allow Ferry's issuer, audience and subject.", { pattern: "^arn:aws[a-z-]*:iam::[0-9]{12}:role/.+$" }),
          sessionName: str("Role session name (2–64 characters of letters, digits and +=,.@-).", { minLength: 2, maxLength: 64, pattern: "^[\\w+=,.@-]+$" }),
          duration: str("Session length, such as `1h` (15m to 12h, and at most the role's maximum session duration). Default 1h.", { pattern: DURATION_PATTERN }),
          policyArns: { ...schema.arrayOf(schema.string()), maxItems: 10, description: "Managed policies that further restrict the session." },
          subjectAttributes,
        },
        ["roleArn", "sessionName"],
      ),
      description: "Assume a role with Ferry's OIDC token (STS AssumeRoleWithWebIdentity).",
    },
    static: {
      ...schema.objectOf(
        {
          accessKeyId: str("Access key ID."),
          secretAccessKey: secretStr("Secret access key."),
          sessionToken: secretStr("Session token, for temporary credentials."),
        },
        ["accessKeyId", "secretAccessKey"],
      ),
      description: "Pass existing credentials through.",
    },
  }),
  description: "Give exactly one of `oidc` or `static`.",
};

export const awsLoginOutputSchema: Schema = schema.objectOf(
  {
    accessKeyId: str("Access key ID."),
    secretAccessKey: secretStr("Secret access key."),
    sessionToken: secretStr("Session token."),
    expiration: str("When the credentials expire (RFC 3339); absent for static credentials."),
  },
  ["accessKeyId", "secretAccessKey"],
);

export const azureLoginInputSchema: Schema = {
  ...schema.objectOf(
    {
      clientId: str("Application (client) ID of the app registration or managed identity."),
      tenantId: str("Directory (tenant) ID.", { pattern: "^[0-9a-zA-Z.-]+$" }),
      subscriptionId: str("Subscription ID; `/subscriptions/<id>` is accepted too."),
      clientSecret: secretStr("Client secret, for static credentials."),
      oidc: { ...schema.boolean(), description: "Log in with Ferry's OIDC token through a federated credential." },
      subjectAttributes,
    },
    ["clientId", "tenantId", "subscriptionId"],
  ),
  description: "Set `oidc: true` (federated credential) or give a `clientSecret`.",
};

export const azureLoginOutputSchema: Schema = schema.objectOf(
  {
    clientId: str("Application (client) ID."),
    tenantId: str("Directory (tenant) ID."),
    subscriptionId: str("Subscription ID (bare, without /subscriptions/)."),
    clientSecret: secretStr("The client secret given (static credentials)."),
    oidc: { ...schema.objectOf({ token: secretStr("Ferry's OIDC token (audience azure:<org>) for tools that exchange it themselves, e.g. ARM_OIDC_TOKEN.") }, ["token"]) },
    accessToken: secretStr("Azure Resource Manager access token from Entra (OIDC login)."),
    expiresOn: str("When the access token expires (RFC 3339)."),
  },
  ["clientId", "tenantId", "subscriptionId"],
);

// fn::open::azure-sp (Vault's Azure secrets engine as a provider). GUID patterns flag typos in
// the editor; ./azure-sp/inputs.ts checks what a schema cannot (one mode, ttl ≤ maxTtl, scopes).
const guid = (description: string) => str(description, { pattern: GUID_PATTERN });

export const azureSpInputSchema: Schema = {
  ...schema.objectOf(
    {
      login: {
        ...schema.objectOf(
          {
            clientId: guid("Application (client) ID Ferry signs in as to create principals."),
            tenantId: str("Directory (tenant) ID.", { pattern: "^[0-9a-zA-Z.-]+$" }),
            subscriptionId: str("Subscription ID; `/subscriptions/<id>` is accepted too."),
            oidc: { ...schema.boolean(), description: "Sign in with Ferry's OIDC token through a federated credential (no stored cloud secret)." },
            clientSecret: secretStr("Client secret of the app Ferry signs in as."),
            subjectAttributes,
          },
          ["clientId", "tenantId", "subscriptionId"],
        ),
        description: "How Ferry signs in to Microsoft Graph and Azure Resource Manager: `oidc: true` or a `clientSecret`.",
      },
      roles: {
        ...schema.arrayOf({
          ...schema.objectOf(
            {
              roleName: str("Role name, such as Contributor; must match exactly one role definition at the scope (case-insensitive)."),
              roleId: str("Role definition GUID or full id (/subscriptions/<id>/providers/Microsoft.Authorization/roleDefinitions/<GUID>)."),
              scope: str("Where to assign the role: /subscriptions/<id>, …/resourceGroups/<name>, a resource id, or a management group."),
            },
            ["scope"],
          ),
          description: "Give exactly one of `roleName` or `roleId`.",
        }),
        description: "Azure roles to assign to each new service principal.",
      },
      groups: { ...schema.arrayOf(guid("Group object ID.")), description: "Entra groups each new service principal joins." },
      applicationObjectId: guid("Object ID of an existing application: each open adds a password to it instead of creating a service principal."),
      ttl: str("Lease length, such as `1h` (default 1h); the credentials are deleted when it ends unless renewed.", { pattern: DURATION_PATTERN }),
      maxTtl: str("Longest a lease may last with renewals, such as `24h` (default 24h); the password itself expires then.", { pattern: DURATION_PATTERN }),
      displayNamePrefix: str("Prefix of the applications and passwords Ferry creates (default `ferry-`).", { maxLength: 64, pattern: "^[\\w.-]+$" }),
    },
    ["login"],
  ),
  description: "Give `roles` (and optionally `groups`) for a new service principal per open, or `applicationObjectId` for a new password on an existing application.",
};

export const azureSpOutputSchema: Schema = schema.objectOf(
  {
    clientId: str("Application (client) ID of the new credentials."),
    clientSecret: secretStr("The new client secret."),
    tenantId: str("Directory (tenant) ID."),
    subscriptionId: str("Subscription ID (bare)."),
    leaseId: str("Ferry's lease for these credentials: revoke or renew it in the Leases tab."),
    expiresAt: str("When the lease ends and Ferry deletes the credentials (RFC 3339)."),
  },
  ["clientId", "clientSecret", "tenantId", "subscriptionId", "leaseId", "expiresAt"],
);
