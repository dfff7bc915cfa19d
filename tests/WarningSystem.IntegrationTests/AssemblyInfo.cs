// Collections run one after another: each starts its own host, and two hosts at once would share one database's
// Wolverine node assignments and durable inbox, which makes timers and subscriptions move between them.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
