"""What members' votes and questions teach maintainers: the feedback store (answers that got buttons, votes,
retention) and the coverage report built from it."""
