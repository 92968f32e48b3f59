// The purchase is complete: tell the tracker, so no offer fires for the rest of the session.
window.intentTracker.recordPurchase();
