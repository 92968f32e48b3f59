import { initIntentTracker } from 'intent-tracker';

const tracker = initIntentTracker((event) => console.info('low intent', event), { threshold: 0.2, debug: true });
window.intentTracker = tracker;

document.getElementById('score').addEventListener('click', async () => {
  const [score, session] = await Promise.all([tracker.score(), tracker.getSession()]);
  document.getElementById('out').textContent = JSON.stringify({ score, session }, null, 2);
});
