package org.respaldo.veeam;

import java.util.List;

/**
 * What a job session did, object by object, as Veeam's own job report shows it: how much was protected and
 * where each restore point is. Built by {@link VeeamClient#sessionReport(String)} from the session's task
 * sessions and the restore points they created.
 *
 * <p>Totals are the sums over {@link #objects()} of the figures Veeam reported per object (null when no
 * object reported that figure). On an API revision without task sessions (1.1-rev0) every figure is null
 * and {@code objects} is empty.
 *
 * @param sessionId        the job session
 * @param processedBytes   sum of the objects' processed sizes
 * @param readBytes        sum of the objects' read sizes
 * @param transferredBytes sum of the objects' transferred sizes (what the session wrote to the repository)
 * @param ratePerSecond    the session's processing rate in bytes per second: Veeam's own figure where the
 *                         revision reports one for the session (1.3's job state, while the session is the
 *                         job's latest), otherwise {@code processedBytes} over the session's duration; null
 *                         when neither is known
 * @param bottleneck       the session's primary bottleneck ({@code Source}, {@code Proxy}, {@code Network},
 *                         {@code Target}, …): Veeam's where the revision reports it for the session, otherwise
 *                         that of the object that processed most data; null when not defined
 * @param objects          one entry per processed object, in Veeam's order
 */
public record SessionReport(String sessionId, Long processedBytes, Long readBytes, Long transferredBytes,
        Double ratePerSecond, String bottleneck, List<ObjectReport> objects) {

    public SessionReport {
        objects = List.copyOf(objects);
    }

    /**
     * Every object the session processed has a new restore point from this session (false when the session
     * processed no object at all).
     */
    public boolean newRestorePointsForEveryObject() {
        return !objects.isEmpty() && objects.stream().allMatch(ObjectReport::hasNewRestorePoint);
    }

    /** The objects the session left without a new restore point, in Veeam's order. */
    public List<ObjectReport> objectsWithoutRestorePoint() {
        return objects.stream().filter(o -> !o.hasNewRestorePoint()).toList();
    }
}
