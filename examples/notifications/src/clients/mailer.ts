import axios from 'axios';
import { config } from '../config';
import { logger } from '../logger';

const mail = axios.create({ baseURL: config.mailApiUrl, headers: { Authorization: `Bearer ${config.mailApiKey}` } });

export async function sendMail(to: string, subject: string, body: string): Promise<boolean> {
  try {
    await mail.post('/messages', { to, subject, body });
    return true;
  } catch (err) {
    return false;
  }
}

export function warmUp(): void {
  mail.get('/health').catch(() => {});
  logger.info('mailer ready');
}
