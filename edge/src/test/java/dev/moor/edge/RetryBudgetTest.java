package dev.moor.edge;

import dev.moor.snapshot.RetryPolicy;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RetryBudgetTest {
    private static final long SECOND = 1_000_000_000L;
    private static final RetryPolicy TWENTY_PERCENT = new RetryPolicy(2, 20, 0);

    private static int withdrawals(RetryBudget budget, RetryPolicy policy, long nowNanos) {
        int taken = 0;
        while (budget.tryWithdraw(policy, nowNanos)) {
            taken++;
        }
        return taken;
    }

    @Test
    void allowsThePercentageOfTheRequestsOfTheWindowAtOnce() {
        RetryBudget budget = new RetryBudget();
        long now = 5 * SECOND;
        for (int i = 0; i < 1000; i++) {
            budget.deposit(now + i * 1_000_000L);
        }

        assertThat(withdrawals(budget, TWENTY_PERCENT, now + SECOND)).isEqualTo(200);
    }

    @Test
    void aQuietClusterStillGetsTheMinimumPerSecondOfTheWindow() {
        RetryBudget budget = new RetryBudget();

        assertThat(withdrawals(budget, new RetryPolicy(2, 20, 3), 0)).isEqualTo(3 * RetryBudget.WINDOW_SECONDS);
        assertThat(withdrawals(budget, new RetryPolicy(2, 0, 0), 0)).isZero();
    }

    @Test
    void requestsAndRetriesOlderThanTheWindowNoLongerCount() {
        RetryBudget budget = new RetryBudget();
        long start = -3 * SECOND;
        for (int i = 0; i < 500; i++) {
            budget.deposit(start);
        }
        assertThat(withdrawals(budget, TWENTY_PERCENT, start)).isEqualTo(100);

        long later = start + RetryBudget.WINDOW_SECONDS * SECOND;
        for (int i = 0; i < 50; i++) {
            budget.deposit(later);
        }

        assertThat(withdrawals(budget, TWENTY_PERCENT, later)).isEqualTo(10);
    }

    @Test
    void retriesTakenEarlierInTheWindowAreCharged() {
        RetryBudget budget = new RetryBudget();
        for (int second = 0; second < 4; second++) {
            for (int i = 0; i < 100; i++) {
                budget.deposit(second * SECOND);
            }
            assertThat(withdrawals(budget, TWENTY_PERCENT, second * SECOND + SECOND / 2)).isEqualTo(20);
        }
    }

    @Test
    void aRefundedRetryCanBeTakenAgain() {
        RetryBudget budget = new RetryBudget();
        RetryPolicy one = new RetryPolicy(2, 0, 1);
        assertThat(withdrawals(budget, one, 0)).isEqualTo(RetryBudget.WINDOW_SECONDS);

        budget.refund(0);

        assertThat(withdrawals(budget, one, 0)).isEqualTo(1);
    }

    @Test
    void aClusterFailingEveryRequestSettlesAtThePercentage() {
        RetryBudget budget = new RetryBudget();
        RetryPolicy policy = new RetryPolicy(2, 20, 10);
        int requests = 0;
        int retries = 0;
        for (long ms = 0; ms < 60_000; ms++) {
            long now = ms * 1_000_000L;
            budget.deposit(now);
            requests++;
            if (budget.tryWithdraw(policy, now)) {
                retries++;
            }
        }

        // 20 % of the requests plus the minimum of 10 per second.
        assertThat(retries).isBetween(requests / 5, requests / 5 + 10 * 60);
    }
}
