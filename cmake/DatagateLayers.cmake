# The layers of datagate, enforced by the build (docs/architecture.md):
#
#   common  <-  feeds, hub, transport  <-  server  <-  gui  <-  app
#
# Every layer's headers are included by their folder, e.g. "hub/Hub.h", and
# each library publishes an include root of its own that holds only its own
# folder. A target therefore sees the headers of exactly the layers it links,
# and an include that crosses the layers the wrong way does not compile.
# (The folders share a parent in the source tree, server/, so that parent
# cannot be the include root: it would expose every layer to every other.)

# datagate_publish_headers(<target> [DIRS <dir>…] [FILES <file>…])
# Creates <build>/include/<target>/ with a symbolic link per folder or header
# (named as in the source tree) and makes it the target's PUBLIC include root.
function(datagate_publish_headers target)
    cmake_parse_arguments(ARG "" "" "DIRS;FILES" ${ARGN})
    set(root ${CMAKE_BINARY_DIR}/include/${target})
    file(MAKE_DIRECTORY ${root})
    foreach(entry IN LISTS ARG_DIRS ARG_FILES)
        get_filename_component(source ${entry} ABSOLUTE BASE_DIR ${CMAKE_CURRENT_SOURCE_DIR})
        get_filename_component(name ${source} NAME)
        file(CREATE_LINK ${source} ${root}/${name} SYMBOLIC)
    endforeach()
    target_include_directories(${target} PUBLIC ${root})
endfunction()
