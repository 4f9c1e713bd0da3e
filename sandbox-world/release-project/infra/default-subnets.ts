/** The default VPC and its subnets, where the fixture's load balancer and target groups live. */
export interface DefaultNetwork {
  vpcId: string;
  subnetIds: string[];
}

/**
 * Asks EC2's query API (DescribeSubnets, the default subnet of each zone) at the
 * endpoint the fixture's clients use. The fixture has no EC2 client among its
 * dependencies, and only ever runs against the emulator, which reads the region from
 * the credential scope and checks no signature.
 */
export async function defaultNetwork(
  endpoint = process.env.AWS_ENDPOINT_URL,
  region = process.env.AWS_REGION ?? "us-east-1",
): Promise<DefaultNetwork> {
  if (!endpoint) throw new Error("AWS_ENDPOINT_URL is not set: the fixture runs in the emulator");
  const query = new URLSearchParams({
    Action: "DescribeSubnets",
    Version: "2016-11-15",
    "Filter.1.Name": "default-for-az",
    "Filter.1.Value.1": "true",
  });
  const scope = `${process.env.AWS_ACCESS_KEY_ID ?? "testing"}/20240101/${region}/ec2/aws4_request`;
  const response = await fetch(`${endpoint}/?${query.toString()}`, {
    headers: {
      authorization: `AWS4-HMAC-SHA256 Credential=${scope}, SignedHeaders=host, Signature=0`,
    },
  });
  const xml = await response.text();
  if (!response.ok) throw new Error(`DescribeSubnets answered ${response.status}: ${xml}`);
  const values = (tag: string) =>
    [...xml.matchAll(new RegExp(`<${tag}>([^<]+)</${tag}>`, "g"))].map((match) => match[1]!);
  const [vpcId] = values("vpcId");
  const subnetIds = values("subnetId");
  if (!vpcId || subnetIds.length === 0) throw new Error(`no default subnets in ${region}`);
  return { vpcId, subnetIds };
}
