import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { remoteChildOptions } from "../../infra/aws-provider";

describe("remoteChildOptions", () => {
  it("hands an awsx child the AWS provider its parent inherited", async () => {
    await pulumi.runtime.setMocks(
      {
        newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs as object }),
        call: () => ({}),
      },
      "flightdeck",
      "production",
      false,
    );
    const provider = new aws.Provider("explicit", { region: "eu-west-1" });
    const outer = new pulumi.ComponentResource(
      "test:index:Outer",
      "outer",
      {},
      {
        providers: [provider],
      },
    );
    const inner = new pulumi.ComponentResource("test:index:Inner", "inner", {}, { parent: outer });
    const options = remoteChildOptions(inner);
    assert.equal(options.parent, inner);
    assert.deepEqual(options.providers, { aws: provider });

    const withoutProvider = new pulumi.ComponentResource("test:index:Plain", "plain", {});
    assert.deepEqual(remoteChildOptions(withoutProvider), { parent: withoutProvider });
  });
});
