/** The trust policy of a Lambda execution role; the emulator, like AWS, wants the role first. */
export const lambdaAssumeRolePolicy = JSON.stringify({
  Version: "2012-10-17",
  Statement: [
    { Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" },
  ],
});
