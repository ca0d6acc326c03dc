# Installation layout and the CPack .deb.
include(GNUInstallDirs)

install(FILES "${PROJECT_SOURCE_DIR}/packaging/plumage.desktop"
        DESTINATION "${CMAKE_INSTALL_DATADIR}/applications")
install(FILES "${PROJECT_SOURCE_DIR}/packaging/org.plumage.Plumage.metainfo.xml"
        DESTINATION "${CMAKE_INSTALL_DATADIR}/metainfo")
install(FILES "${PROJECT_SOURCE_DIR}/resources/icons/plumage.svg"
        DESTINATION "${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps")
# Data the programs look up next to themselves (../share/plumage/...).
install(DIRECTORY "${PROJECT_SOURCE_DIR}/resources/presets/"
        DESTINATION "${CMAKE_INSTALL_DATADIR}/plumage/presets" FILES_MATCHING PATTERN "*.json")
install(DIRECTORY "${PROJECT_SOURCE_DIR}/resources/prompts/"
        DESTINATION "${CMAKE_INSTALL_DATADIR}/plumage/prompts" FILES_MATCHING PATTERN "*.txt" PATTERN "README*" EXCLUDE)
# Debian keeps documentation under the package's name (not the project's,
# which CMAKE_INSTALL_DOCDIR would use), with the license as "copyright".
install(FILES "${PROJECT_SOURCE_DIR}/README.md" "${PROJECT_SOURCE_DIR}/LICENSE"
        DESTINATION "${CMAKE_INSTALL_DATADIR}/doc/plumage")
install(FILES "${PROJECT_SOURCE_DIR}/LICENSE" DESTINATION "${CMAKE_INSTALL_DATADIR}/doc/plumage" RENAME copyright)

set(CPACK_PACKAGE_NAME "plumage")
set(CPACK_PACKAGE_VENDOR "Plumage developers")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_CONTACT "Plumage developers <plumage@localhost>")
set(CPACK_RESOURCE_FILE_LICENSE "${PROJECT_SOURCE_DIR}/LICENSE")
set(CPACK_PACKAGING_INSTALL_PREFIX "/usr")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION "science")
# Debug symbols stay in the build tree; the package ships stripped binaries.
set(CPACK_STRIP_FILES ON)
# Runtime dependencies are computed from the binaries' shared libraries
# (dpkg-shlibdeps), plus what is loaded at run time rather than linked.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libopenblas0-pthread, fonts-noto-cjk")
# libqt6keychain1 comes from shlibdeps; QtKeychain dlopens libsecret for GNOME Keyring / KeePassXC.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "qt6-translations-l10n, libsecret-1-0")
set(CPACK_GENERATOR "DEB")
include(CPack)
