package org.respaldo.storage;

import static org.respaldo.text.Texts.t;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.respaldo.schedule.Schedule;
import org.respaldo.schedule.StoragePaths;
import org.respaldo.veeam.RepositoryState;
import org.respaldo.veeam.VeeamJob;

/**
 * Step 5 of the procedure: "Especifica la ruta de almacenamiento". A pure function: the schedule's
 * repository must exist, each job must write to it, and its path must be the schedule's
 * {@code storage.path} (normalised; case-insensitive for Windows paths). Problems are in the
 * schedule's language; none means the jobs may start.
 */
public final class StoragePathCheck {

    private StoragePathCheck() {
    }

    public static List<String> problems(Schedule s, Optional<RepositoryState> repository, List<RepositoryState> all,
            List<VeeamJob> jobs) {
        String lang = s.notification().language();
        List<String> problems = new ArrayList<>();
        if (repository.isEmpty()) {
            problems.add(t(lang, "el repositorio " + s.storage().repository() + " no existe en Veeam",
                    "the repository " + s.storage().repository() + " does not exist in Veeam"));
            return problems;
        }
        RepositoryState repo = repository.get();
        if (!StoragePaths.same(repo.path(), s.storage().path())) {
            problems.add(t(lang, "el repositorio " + repo.name() + " guarda en '" + repo.path() + "', no en la ruta de la programación '"
                    + s.storage().path() + "'",
                    "the repository " + repo.name() + " stores in '" + repo.path() + "', not in the schedule's path '"
                    + s.storage().path() + "'"));
        }
        for (VeeamJob job : jobs) {
            if (!repo.id().equals(job.repositoryId())) {
                String actual = all.stream().filter(r -> r.id().equals(job.repositoryId())).findFirst()
                        .map(r -> r.name() + " (" + r.path() + ")").orElse("id " + job.repositoryId());
                problems.add(t(lang, "el trabajo " + job.name() + ": se esperaba " + repo.name() + " (" + s.storage().path()
                        + ") y escribe en " + actual,
                        "the job " + job.name() + ": expected " + repo.name() + " (" + s.storage().path() + "), it writes to "
                        + actual));
            }
        }
        return problems;
    }
}
