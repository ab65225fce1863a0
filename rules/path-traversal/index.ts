import pathFromRequestInput from './path-from-request-input';
import tarfileExtractallUnfiltered from './tarfile-extractall-unfiltered';
import zipfileExtractDownloaded from './zipfile-extract-downloaded';

export default [tarfileExtractallUnfiltered, zipfileExtractDownloaded, pathFromRequestInput];
