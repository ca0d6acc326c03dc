# Compiler settings shared by every Plumage target.

if(PLUMAGE_USE_CCACHE)
  find_program(PLUMAGE_CCACHE ccache)
  if(PLUMAGE_CCACHE)
    # Precompiled headers need these sloppiness settings to be cacheable, and
    # a base dir makes hits independent of where the tree is checked out
    # (CI builds a fresh clone in another folder). Passed per compile because
    # environment set at configure time does not reach the build.
    set(CMAKE_CXX_COMPILER_LAUNCHER
      "${CMAKE_COMMAND}" -E env
      "CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime"
      "CCACHE_BASEDIR=${PROJECT_SOURCE_DIR}"
      "${PLUMAGE_CCACHE}")
  endif()
endif()

# Warnings apply to our own targets only (LibTorch's headers are SYSTEM).
function(plumage_warnings target)
  if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    target_compile_options(${target} PRIVATE -Wall -Wextra)
  endif()
endfunction()

# LibTorch as a SYSTEM dependency so its headers do not flood -Wall output.
function(plumage_link_torch target scope)
  target_link_libraries(${target} ${scope} ${TORCH_LIBRARIES})
  target_include_directories(${target} SYSTEM ${scope} ${TORCH_INCLUDE_DIRS})
endfunction()

# Precompiled LibTorch headers: every TU that touches tensors pays for them once.
# plumage_engine owns the one PCH (about 0.5 GB, and a minute of compile on two
# cores); every other target reuses it instead of building its own copy. GCC
# accepts a PCH only in the PIC mode it was built with, and the engine is a
# -fPIC library, so the reusing targets (executables included) compile -fPIC.
function(plumage_torch_pch target)
  if(target STREQUAL "plumage_engine")
    target_precompile_headers(${target} PRIVATE "${PROJECT_SOURCE_DIR}/core/engine/torch_pch.h")
  else()
    target_precompile_headers(${target} REUSE_FROM plumage_engine)
    if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
      target_compile_options(${target} PRIVATE -fPIC)
    endif()
  endif()
endfunction()
