/** Unset fields fall back to the SDK's own resolution (AWS_REGION, AWS_ENDPOINT_URL, profiles). */
export interface AwsSettings {
  region?: string;
  endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}
