export const config = {
  port: Number(process.env.PORT ?? 3000),
  mailApiUrl: process.env.MAIL_API_URL ?? 'https://mail.internal',
  mailApiKey: process.env.MAIL_API_KEY || 'dev-mail-key',
  webhookSigningSecret: process.env.WEBHOOK_SIGNING_SECRET!,
};
