/**
 * The query parameters the pulumi CLI's awskms keeper accepts (gocloud.dev's awskms with
 * its AWS configuration); `context_<name>` entries add to the encryption context.
 */
const awsKmsParams = [
  "region",
  "endpoint",
  "profile",
  "role",
  "hostname_immutable",
  "dualstack",
  "fips",
  "anonymous",
  "rate_limiter_capacity",
  "request_checksum_calculation",
  "response_checksum_validation",
  "awssdk",
];

const example = "awskms://alias/flightdeck?region=eu-west-1";

/**
 * FLIGHTDECK_SECRETS_PROVIDER: what encrypts the stacks' secrets. `passphrase` (the
 * default) is one per stack, kept in the data directory, fine for one server; several
 * instances share AWS KMS keys instead, named by id, alias or ARN (awskms:///arn:aws:kms:…
 * for an ARN, whose colons cannot sit in a host). `{stack}` in it names a key per stack
 * (awskms://alias/flightdeck-{stack}?region=…), so that one stack's key need not open
 * another's secrets.
 */
export function secretsProviderFrom(raw: string | undefined): string {
  if (raw === undefined || raw.trim() === "" || raw.trim() === "passphrase") return "passphrase";
  const name = "FLIGHTDECK_SECRETS_PROVIDER";
  if (!URL.canParse(raw) || new URL(raw).protocol !== "awskms:")
    throw new Error(`${name} must be passphrase or an AWS KMS key such as ${example}`);
  const url = new URL(raw);
  if (`${url.hostname}${url.pathname}`.replace(/^\/+/, "") === "")
    throw new Error(`${name} must name the key: ${example}, or awskms:///<key ARN>`);
  for (const key of url.searchParams.keys()) {
    if (!awsKmsParams.includes(key) && !key.startsWith("context_"))
      throw new Error(
        `${name}: unknown parameter "${key}"; the engine accepts ${awsKmsParams.join(", ")} and context_<name>`,
      );
  }
  const endpoint = url.searchParams.get("endpoint");
  if (endpoint !== null && !/^https?:\/\/[^/]/.test(endpoint))
    throw new Error(`${name}: endpoint must be a URL such as https://kms.eu-west-1.amazonaws.com`);
  return raw;
}

/** The provider of one stack: the setting with `{stack}` replaced by the stack's name. */
export const secretsProviderOf = (setting: string, stack: string): string =>
  setting.replaceAll("{stack}", stack);
