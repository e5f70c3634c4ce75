package org.ssi.activity.directory.service;

import java.io.IOException;

/** The lines of an import file, read one at a time so that a file of any size needs memory for one chunk only. */
public interface DirectoryLines {

    /** The next line that is not blank, or null at the end of the file. */
    DirectoryLine next() throws IOException;
}
