import { CloudFrontKeyValueStoreClient } from "@aws-sdk/client-cloudfront-keyvaluestore";
// Registers the SigV4a signer the KeyValueStore API is signed with (its region set is "*").
import "@aws-sdk/signature-v4a";
import type {
  ServiceInputTypes,
  ServiceOutputTypes,
} from "@aws-sdk/client-cloudfront-keyvaluestore";
import type { Pluggable } from "@smithy/types";
import type { AwsSettings } from "./aws-settings";

/**
 * Sends every request to `endpoint` as given. The KeyValueStore API's endpoint rules put
 * the store's account id in front of any endpoint (`<account>.<host>`), which an emulator
 * on a loopback address cannot answer: set after the rules ran and before signing, so the
 * signature covers the host the request really goes to.
 */
function pinnedTo(endpoint: string): Pluggable<ServiceInputTypes, ServiceOutputTypes> {
  const url = new URL(endpoint);
  return {
    applyToStack: (stack) =>
      stack.add(
        (next) => (args) => {
          const request = args.request as {
            hostname?: string;
            port?: number;
            protocol?: string;
            headers?: Record<string, string>;
          };
          request.hostname = url.hostname;
          request.port = url.port === "" ? undefined : Number(url.port);
          request.protocol = url.protocol;
          if (request.headers) request.headers.host = url.host;
          return next(args);
        },
        { step: "build", name: "flightdeckPinnedEndpoint", priority: "low" },
      ),
  };
}

/**
 * The CloudFront KeyValueStore data plane (the web cohort's weight). On AWS the endpoint
 * comes from the store's ARN; with an endpoint of one's own (the emulator) every call goes
 * there instead.
 */
export function createKeyValueStoreClient(
  settings: AwsSettings = {},
  options: { maxAttempts?: number } = {},
): CloudFrontKeyValueStoreClient {
  const { endpoint, ...rest } = settings;
  const client = new CloudFrontKeyValueStoreClient({
    ...rest,
    retryMode: "standard",
    maxAttempts: options.maxAttempts ?? 4,
  });
  if (endpoint) client.middlewareStack.use(pinnedTo(endpoint));
  return client;
}
