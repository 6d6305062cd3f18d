import { describe, expect, it } from "vitest";
import { accountFromDefinition, awsTrustPolicy } from "./cloud-trust";

describe("the account filled into the AWS trust policy", () => {
  it("is the one account the definition's role ARNs name", () => {
    const yaml = "values:\n  aws:\n    login:\n      fn::open::aws-login:\n        oidc:\n          roleArn: arn:aws:iam::123456789012:role/ferry\n";
    expect(accountFromDefinition(yaml)).toBe("123456789012");
    expect(awsTrustPolicy("https://ferry.example.com/oidc", "aud", "sub", "123456789012")).toContain('"arn:aws:iam::123456789012:oidc-provider/ferry.example.com/oidc"');
  });

  it("stays a placeholder with no role ARN or with two accounts", () => {
    expect(accountFromDefinition("values:\n  a: 1\n")).toBeUndefined();
    expect(accountFromDefinition("a: arn:aws:iam::111111111111:role/x\nb: arn:aws:iam::222222222222:role/y\n")).toBeUndefined();
    expect(awsTrustPolicy("https://f/oidc", "aud", "sub")).toContain("<ACCOUNT_ID>");
  });
});
