-- wrk script: a sign-in (Cognito InitiateAuth, USER_PASSWORD_AUTH) as the
-- bench user; every answer but 200 counts as an error.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-amz-json-1.1"
wrk.headers["X-Amz-Target"] = "AWSCognitoIdentityProviderService.InitiateAuth"
wrk.body = '{"AuthFlow":"USER_PASSWORD_AUTH","ClientId":"' ..
  os.getenv("BENCH_CLIENT_ID") .. '","AuthParameters":{"USERNAME":"' ..
  os.getenv("BENCH_USER") .. '","PASSWORD":"' .. os.getenv("BENCH_PASSWORD") .. '"}}'
