import express from 'express';
import cors from 'cors';
import { config } from './config';
import { notifications } from './routes/notifications';
import { warmUp } from './clients/mailer';
import { logger } from './logger';

const app = express();
app.use(cors());
app.use(express.json());
app.use('/api', notifications);

app.listen(config.port, () => {
  warmUp();
  logger.info({ port: config.port }, 'notifications service listening');
});
