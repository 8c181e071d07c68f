// Checks OWL files against the OWL 2 DL profile with the OWL API's own profile checker (Debian's libowlapi-java).
//
// Run as a single-file program, with no build step:
//   java -cp "/usr/share/java/owlapi-distribution.jar:/usr/share/java/*" tests/tools/Owl2DlProfile.java FILE...
// For each file it prints "FILE<TAB>axioms<TAB>N" and one "FILE<TAB>violation<TAB>KIND<TAB>TEXT" line per
// violation; it exits 0 when every file is in the profile, 1 when one is not, 2 when one cannot be read.
import java.io.File;
import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.model.OWLOntology;
import org.semanticweb.owlapi.model.OWLOntologyManager;
import org.semanticweb.owlapi.profiles.OWLProfileReport;
import org.semanticweb.owlapi.profiles.OWLProfileViolation;
import org.semanticweb.owlapi.profiles.Profiles;

public class Owl2DlProfile {
    public static void main(String[] args) {
        int status = 0;
        for (String name : args) {
            try {
                OWLOntologyManager manager = OWLManager.createOWLOntologyManager();
                OWLOntology ontology = manager.loadOntologyFromOntologyDocument(new File(name));
                OWLProfileReport report = Profiles.OWL2_DL.checkOntology(ontology);
                System.out.println(name + "\taxioms\t" + ontology.getAxiomCount());
                for (OWLProfileViolation violation : report.getViolations()) {
                    String text = violation.toString().replace('\t', ' ').replace('\n', ' ');
                    System.out.println(name + "\tviolation\t" + violation.getClass().getSimpleName() + "\t" + text);
                }
                if (!report.isInProfile()) {
                    status = Math.max(status, 1);
                }
            } catch (Exception error) {
                System.out.println(name + "\tunreadable\t" + error);
                status = 2;
            }
        }
        System.exit(status);
    }
}
