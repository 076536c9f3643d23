import { Router } from 'express';
import { createHmac } from 'node:crypto';
import { config } from '../config';
import { sendMail } from '../clients/mailer';
import { logger } from '../logger';

export const notifications = Router();

notifications.post('/orders/:orderId/notify', async (req, res) => {
  const orderId: string = req.params.orderId;
  const ref = orderId.substr(0, 8).toUpperCase();
  const sent = await sendMail(req.body.email, `Order ${ref}`, `Your order ${ref} has shipped.`);
  res.status(sent ? 202 : 502).json({ ref, sent });
});

notifications.post('/webhooks/carrier', (req, res) => {
  const signature = createHmac('sha256', config.webhookSigningSecret).update(JSON.stringify(req.body)).digest('hex');
  if (signature !== req.header('x-signature')) {
    res.sendStatus(401);
    return;
  }
  try {
    logger.info({ event: req.body.event }, 'carrier webhook');
  } catch {
    // best effort
  }
  res.sendStatus(204);
});
