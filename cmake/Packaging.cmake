# What `cmake --install` puts where beyond the binary and the desktop files
# (app/CMakeLists.txt), and the Debian package CPack makes of it.
#
#   the binary          <prefix>/bin/datagate
#   the systemd unit    <prefix>/lib/systemd/system/datagate.service
#   the example config  <sysconfdir>/datagate/datagate.conf (/etc with the prefix /usr)
#   the operator docs   <prefix>/share/doc/datagate/
#
# The package is `datagate` with the dashboard and `datagate-server` for a
# headless build (-DDATAGATE_BUILD_GUI=OFF); both hold /usr/bin/datagate, so
# each replaces the other. tools/package.sh builds them; a package needs the
# prefix /usr, which tools/package.sh sets.
include(GNUInstallDirs)

set(DATAGATE_SYSTEMD_UNIT_DIR "${CMAKE_INSTALL_LIBDIR}/systemd/system" CACHE STRING
    "Where the systemd unit is installed, relative to the prefix or absolute")
# Multiarch lib dirs (lib/x86_64-linux-gnu) are not where systemd looks.
if(DATAGATE_SYSTEMD_UNIT_DIR MATCHES "^lib/[^/]+-linux-gnu[^/]*/systemd/system$")
    set(DATAGATE_SYSTEMD_UNIT_DIR "lib/systemd/system" CACHE STRING
        "Where the systemd unit is installed, relative to the prefix or absolute" FORCE)
endif()

# resources/datagate.service names /usr/bin/datagate and
# /etc/datagate/datagate.conf; another prefix gets a unit with its own paths.
set(datagate_config_file "${CMAKE_INSTALL_FULL_SYSCONFDIR}/datagate/datagate.conf")
file(READ ${PROJECT_SOURCE_DIR}/resources/datagate.service datagate_unit)
string(REPLACE "/usr/bin/datagate" "${CMAKE_INSTALL_FULL_BINDIR}/datagate" datagate_unit "${datagate_unit}")
string(REPLACE "/etc/datagate/datagate.conf" "${datagate_config_file}" datagate_unit "${datagate_unit}")
string(REPLACE "/usr/share/doc/datagate/" "${CMAKE_INSTALL_FULL_DOCDIR}/" datagate_unit "${datagate_unit}")
file(GENERATE OUTPUT ${PROJECT_BINARY_DIR}/packaging/datagate.service CONTENT "${datagate_unit}")
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/resources/datagate.service)

install(FILES ${PROJECT_BINARY_DIR}/packaging/datagate.service DESTINATION ${DATAGATE_SYSTEMD_UNIT_DIR})
install(FILES ${PROJECT_SOURCE_DIR}/resources/datagate.conf DESTINATION ${CMAKE_INSTALL_FULL_SYSCONFDIR}/datagate)
install(FILES ${PROJECT_SOURCE_DIR}/docs/operations.md ${PROJECT_SOURCE_DIR}/docs/protocol.md ${PROJECT_SOURCE_DIR}/README.md
    DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/resources/prometheus ${PROJECT_SOURCE_DIR}/resources/grafana
    DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples)

# The Debian package.
if(DATAGATE_BUILD_GUI)
    set(CPACK_PACKAGE_NAME datagate)
    set(datagate_other_package datagate-server)
    set(CPACK_DEBIAN_PACKAGE_PROVIDES datagate-server)
    set(CPACK_DEBIAN_PACKAGE_SECTION net)
    # Qt's own translations of its dialogs; the dashboard's are built in.
    set(CPACK_DEBIAN_PACKAGE_RECOMMENDS qt6-translations-l10n)
    set(datagate_package_summary "real-time data gateway with a desktop dashboard")
else()
    set(CPACK_PACKAGE_NAME datagate-server)
    set(datagate_other_package datagate)
    set(CPACK_DEBIAN_PACKAGE_SECTION net)
    set(datagate_package_summary "real-time data gateway (headless server)")
endif()
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_VENDOR "datagate")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "datagate maintainers <datagate@example.org>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY ${datagate_package_summary})
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "${datagate_package_summary}
datagate streams live data (random numbers, the Bitcoin price polled once
for all subscribers from public REST APIs) to Socket.IO v4 clients and to
plain WebSocket JSON clients on one port, where it also answers /healthz,
/readyz, /metrics (Prometheus) and /api/status.
.
The package installs a systemd unit (not enabled: run
`systemctl enable --now datagate` after editing /etc/datagate/datagate.conf).")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# The libraries the binary links, with the versions dpkg-shlibdeps finds.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# What dpkg-shlibdeps cannot see: the CA certificates for the price
# providers' HTTPS (Qt's TLS plugin and OpenSSL come with libqt6network6),
# and adduser, with which postinst makes the system user datagate.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "ca-certificates, adduser")
set(CPACK_DEBIAN_PACKAGE_CONFLICTS ${datagate_other_package})
set(CPACK_DEBIAN_PACKAGE_REPLACES ${datagate_other_package})
set(CPACK_STRIP_FILES ON)
# /etc/datagate is an absolute destination: through DESTDIR it lands in
# the package, never in the /etc of the machine that builds it.
set(CPACK_SET_DESTDIR ON)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
# The example config is the operator's to edit: dpkg keeps their changes.
file(GENERATE OUTPUT ${PROJECT_BINARY_DIR}/packaging/conffiles CONTENT "${datagate_config_file}\n")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${PROJECT_BINARY_DIR}/packaging/conffiles
    ${PROJECT_SOURCE_DIR}/resources/debian/postinst
    ${PROJECT_SOURCE_DIR}/resources/debian/prerm
    ${PROJECT_SOURCE_DIR}/resources/debian/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
# A package from a build with another prefix would put the config under it
# and name it in the unit: refuse it rather than ship that.
set(CPACK_PROJECT_CONFIG_FILE ${PROJECT_BINARY_DIR}/packaging/CPackProjectConfig.cmake)
file(GENERATE OUTPUT ${CPACK_PROJECT_CONFIG_FILE} CONTENT
"if(NOT \"${CMAKE_INSTALL_PREFIX}\" STREQUAL \"/usr\")
    message(FATAL_ERROR \"datagate: a package needs a build configured with -DCMAKE_INSTALL_PREFIX=/usr (tools/package.sh does that); this one has ${CMAKE_INSTALL_PREFIX}\")
endif()
")
include(CPack)
